// Error pages (403, 404, 409, 413, 422, 429, 500): a clear title and message, inside the app frame when the visitor is
// signed in, otherwise on a bare page with a way back.
import { Document } from "../layout/Document.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";

const TITLES: Record<number, string> = {
  400: "Bad request",
  403: "Access denied",
  404: "Not found",
  409: "Not possible right now",
  413: "Too large",
  415: "Unsupported upload",
  422: "Please check the form",
  429: "Too many attempts",
  500: "Something went wrong",
};

export const errorTitle = (status: number) => TITLES[status] ?? "Something went wrong";

export function ErrorPage({ status, message, viewer }: { status: number; message: string; viewer: Viewer | null }) {
  const title = errorTitle(status);
  const body = (
    <section class="panel error-page" data-status={String(status)}>
      <p class="error-code">{status}</p>
      <p class="error-message">{message}</p>
      <p>
        <a href="/">Go to the start page</a>
      </p>
    </section>
  );
  if (viewer) {
    return (
      <Layout title={title} viewer={viewer}>
        {body}
      </Layout>
    );
  }
  return (
    <Document title={title} bodyClass="auth">
      <main class="auth-card">
        <h1>{title}</h1>
        {body}
      </main>
    </Document>
  );
}
