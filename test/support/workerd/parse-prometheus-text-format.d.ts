// The parser ships no types: what the metrics test reads of its answer (one family per metric name).
declare module "parse-prometheus-text-format" {
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
