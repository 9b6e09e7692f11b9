// The filter as hidden form fields: every form that acts on "the jobs matching this filter" (Retry all, the bulk bar,
// its confirmation) or refetches with it sends the same parameters the links carry (filters.ts).
import { filterParams, type JobsFilter } from "./filters.ts";

export function FilterFields({ filter, except = [] }: { filter: JobsFilter; except?: string[] }) {
  return (
    <>
      {filterParams(filter)
        .filter(([name]) => !except.includes(name))
        .map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
    </>
  );
}
