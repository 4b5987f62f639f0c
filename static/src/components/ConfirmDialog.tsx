// A yes/no question in a dialog, for queries that ask before they run.
import { useCallback, useState } from "react";

interface Question {
  message: string;
  answer: (ok: boolean) => void;
}

/** Returns `ask(message)` (resolves with the answer) and the dialog to render. */
export function useConfirmDialog() {
  const [question, setQuestion] = useState<Question | null>(null);
  const ask = useCallback((message: string) => new Promise<boolean>((resolve) => setQuestion({ message, answer: resolve })), []);
  const reply = (ok: boolean) => {
    question?.answer(ok);
    setQuestion(null);
  };
  const dialog = question ? (
    <div className="modal-backdrop">
      <div className="confirm-dialog" role="alertdialog" aria-modal="true" aria-label="Confirm">
        <p>{question.message}</p>
        <div className="confirm-buttons">
          <button onClick={() => reply(false)}>No</button>
          <button className="primary" onClick={() => reply(true)} autoFocus>
            Yes
          </button>
        </div>
      </div>
    </div>
  ) : null;
  return { ask, dialog };
}
