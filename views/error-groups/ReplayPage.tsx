// Retry group without scripts: the page a Preview or a confirmation posts to, with the group's error, the form as
// sent (to change and preview again) and the answer (ReplayAnswer) below it.
import type { Child } from "hono/jsx";
import { truncate } from "../format.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { type ReplayFields, ReplayForm, replayAnswerId } from "./ReplayForm.tsx";

export interface ReplayPageProps {
  viewer: Viewer;
  signature: string;
  /** The group's error, from one of its jobs (null when none is left). */
  message: string | null;
  fields: ReplayFields;
  answer: Child;
}

export function ReplayPage({ viewer, signature, message, fields, answer }: ReplayPageProps) {
  return (
    <Layout title="Retry group" viewer={viewer} active="errors">
      <p class="back">
        <a href="/admin/errors">← Errors</a>
      </p>
      <section class="panel">
        <h2>{message ? truncate(message, 300) : <code>{signature}</code>}</h2>
        <ReplayForm signature={signature} fields={fields} />
        <div id={replayAnswerId(signature)} class="replay-answer">
          {answer}
        </div>
      </section>
    </Layout>
  );
}
