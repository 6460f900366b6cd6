// The colours a label can have: a fixed set whose text and background pass WCAG AA contrast, so an
// admin cannot pick an unreadable one. Stored by name.
export const LABEL_COLORS = {
  slate: "bg-slate-200 text-slate-800",
  red: "bg-red-100 text-red-800",
  orange: "bg-orange-100 text-orange-900",
  amber: "bg-amber-100 text-amber-900",
  green: "bg-green-100 text-green-800",
  teal: "bg-teal-100 text-teal-900",
  sky: "bg-sky-100 text-sky-900",
  indigo: "bg-indigo-100 text-indigo-800",
  purple: "bg-purple-100 text-purple-800",
  pink: "bg-pink-100 text-pink-800",
} as const;

export type LabelColor = keyof typeof LABEL_COLORS;

export const LABEL_COLOR_NAMES = Object.keys(LABEL_COLORS) as LabelColor[];

/** The classes for a stored colour; one no longer offered shows as slate. */
export function labelColorClasses(color: string): string {
  return Object.hasOwn(LABEL_COLORS, color) ? LABEL_COLORS[color as LabelColor] : LABEL_COLORS.slate;
}
