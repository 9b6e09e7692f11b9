// The keyboard shortcuts, listed in a dialog that `?` opens (/static/app.js); the same table drives nothing else, so
// it is the one place a user reads which keys exist. Keys never fire while typing in a field.
export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ["j"], does: "Next job row" },
  { keys: ["k"], does: "Previous job row" },
  { keys: ["Enter"], does: "Open the job in focus" },
  { keys: ["x"], does: "Select or unselect the job in focus" },
  { keys: ["/"], does: "Focus the search (or the filter)" },
  { keys: ["?"], does: "Show this list" },
  { keys: ["Esc"], does: "Close this list or a confirmation" },
];

export function ShortcutsDialog() {
  return (
    <dialog id="shortcuts" class="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr>
              <td>
                {shortcut.keys.map((key, i) => (
                  <>
                    {i > 0 ? " or " : ""}
                    <kbd>{key}</kbd>
                  </>
                ))}
              </td>
              <td>{shortcut.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" class="btn btn-small">
          Close
        </button>
      </form>
    </dialog>
  );
}
