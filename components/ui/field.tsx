import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

type Labelled = { label: string; error?: string; id: string };

const CONTROL_CLASS = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 aria-invalid:border-red-500";

/** The props that tie a control to its error for screen readers. */
function describedBy(id: string, error: string | undefined) {
  return { "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined };
}

/** A label above a control, and its error below. */
function Labelled({ label, error, id, children }: Labelled & { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its error, wired for screen readers. */
export function Field({ label, error, id, ...props }: InputHTMLAttributes<HTMLInputElement> & Labelled) {
  return (
    <Labelled label={label} error={error} id={id}>
      <input id={id} {...props} {...describedBy(id, error)} className={CONTROL_CLASS} />
    </Labelled>
  );
}

/** The same for longer text. */
export function TextAreaField({ label, error, id, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & Labelled) {
  return (
    <Labelled label={label} error={error} id={id}>
      <textarea id={id} {...props} {...describedBy(id, error)} className={CONTROL_CLASS} />
    </Labelled>
  );
}
