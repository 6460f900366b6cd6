// A conversation's priorities, lowest first. Apart from conversation-change.ts so the browser can
// use them without zod, whose first parse probes `new Function`, a violation under the page's CSP.
export const PRIORITIES = ["none", "low", "medium", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
