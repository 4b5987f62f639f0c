// Full pages for "not found" and "no access", each saying what to do next.
import { Link } from "react-router";

export function NotFoundPage({ what = "page" }: { what?: string }) {
  return (
    <main className="error-page" data-testid="not-found">
      <h1>Not found</h1>
      <p>This {what} does not exist, or it was deleted. Check the address, or go back to your apps.</p>
      <Link to="/applications">Go to your apps</Link>
    </main>
  );
}

export function NoAccessPage({ loggedIn }: { loggedIn: boolean }) {
  const back = encodeURIComponent(window.location.pathname + window.location.search);
  return (
    <main className="error-page" data-testid="no-access">
      <h1>No access</h1>
      {loggedIn ? (
        <p>You do not have access to this app. Ask one of its workspace's administrators to invite you.</p>
      ) : (
        <p>This app is private. Log in with an account that has access to it.</p>
      )}
      {loggedIn ? <Link to="/applications">Go to your apps</Link> : <Link to={`/user/login?redirectUrl=${back}`}>Log in</Link>}
    </main>
  );
}
