// Log-in and sign-up pages.
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, ApiError } from "../api/client";

function safeRedirect(target: string | null): string {
  // Only same-site paths: a link must not send people elsewhere after logging in.
  return target && target.startsWith("/") && !target.startsWith("//") ? target : "/applications";
}

function AuthForm({ mode }: { mode: "login" | "signup" }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      if (mode === "signup") {
        await api.signUp(email, password, name);
        // Some servers log the new user in at sign-up; make sure of it.
        await api.me().then((u) => (u && !u.isAnonymous ? u : api.logIn(email, password))).catch(() => api.logIn(email, password));
      } else {
        await api.logIn(email, password);
      }
      navigate(safeRedirect(params.get("redirectUrl")));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Something went wrong. Try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit}>
        <h1>{mode === "login" ? "Log in to Tessera" : "Create your Tessera account"}</h1>
        {mode === "signup" && (
          <label>
            Name
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />
          </label>
        )}
        <label>
          E-mail
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={mode === "login" ? "current-password" : "new-password"}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === "login" ? "Log in" : "Sign up"}
        </button>
        {mode === "login" ? (
          <p>
            No account yet? <Link to={`/user/signup${window.location.search}`}>Sign up</Link>
          </p>
        ) : (
          <p>
            Already have an account? <Link to={`/user/login${window.location.search}`}>Log in</Link>
          </p>
        )}
      </form>
    </main>
  );
}

export const LoginPage = () => <AuthForm mode="login" />;
export const SignupPage = () => <AuthForm mode="signup" />;
