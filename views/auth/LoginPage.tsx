// The sign-in form. The same message answers an unknown email and a wrong password; throttling shows its own (429).
import { Document } from "../layout/Document.tsx";

export interface LoginPageProps {
  email?: string;
  next?: string | null;
  error?: string | null;
  notice?: string | null;
}

export function LoginPage({ email, next, error, notice }: LoginPageProps) {
  return (
    <Document title="Sign in" bodyClass="auth">
      <main class="auth-card">
        <p class="brand">
          <span class="brand-mark" aria-hidden="true">
            DL
          </span>
          <span>DutyLeak</span>
        </p>
        <h1>Sign in</h1>
        {error ? (
          <p class="flash flash-error" role="alert">
            {error}
          </p>
        ) : null}
        {notice ? <p class="flash flash-ok">{notice}</p> : null}
        <form method="post" action="/login" class="stack">
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <label>
            <span>Email</span>
            <input type="email" name="email" autocomplete="username" required value={email ?? ""} />
          </label>
          <label>
            <span>Password</span>
            <input type="password" name="password" autocomplete="current-password" required />
          </label>
          <button type="submit" class="btn btn-primary">
            Sign in
          </button>
        </form>
      </main>
    </Document>
  );
}
