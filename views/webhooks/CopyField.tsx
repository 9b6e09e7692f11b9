// A value to copy (endpoint URL, secret): one click selects all of it (CSS user-select), no script needed.
export function CopyField({ value, label }: { value: string; label: string }) {
  return (
    <code class="copy-field" title={`${label}: click to select, then copy`}>
      {value}
    </code>
  );
}
