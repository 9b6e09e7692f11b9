// The priority a start form gives its job (DESIGN.md "Lanes"): Normal unless the person chooses otherwise. `id`
// keeps labels unique when a page has several forms.
import { PRIORITIES, PRIORITY_LABELS } from "../../worker/api/priority.ts";

export function PrioritySelect({ id }: { id: string }) {
  return (
    <label for={id}>
      <span>Priority</span>
      <select id={id} name="priority">
        {PRIORITIES.map((priority) => (
          <option value={priority} selected={priority === "normal"}>
            {PRIORITY_LABELS[priority]}
          </option>
        ))}
      </select>
    </label>
  );
}
