// Apart from label-schema.ts so the browser's form can use it without zod, whose first parse probes
// `new Function`, a violation under the page's CSP.
export const LABEL_NAME_MAX_LENGTH = 40;
