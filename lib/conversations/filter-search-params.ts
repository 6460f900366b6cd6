// The inbox's filters as a query string. Apart from conversation-filters.ts so the browser can use
// it without zod, whose first parse probes \`new Function\`, a violation under the page's CSP.
import type { ConversationFilter } from "./conversation-filters";

export function filterToSearchParams(filter: Partial<ConversationFilter>): string {
  const params = new URLSearchParams();
  if (filter.status && filter.status !== "open") params.set("status", filter.status);
  if (filter.channel) params.set("channel", filter.channel);
  if (filter.assigned && filter.assigned !== "any") params.set("assigned", filter.assigned);
  if (filter.inbox) params.set("inbox", filter.inbox);
  if (filter.label) params.set("label", filter.label);
  if (filter.q) params.set("q", filter.q);
  if (filter.after) params.set("after", filter.after);
  const text = params.toString();
  return text ? `?${text}` : "";
}
