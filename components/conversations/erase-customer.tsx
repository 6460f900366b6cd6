"use client";

// "Erase customer…" on a thread, for admins: a dialog that asks for the customer's number typed
// out before the button that erases for good can be pressed (the server checks it again).
import { useActionState, useRef, useState } from "react";
import { eraseCustomerAction, type EraseState } from "@/app/(signed-in)/conversations/[conversationId]/erase-customer-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

const ERASED_URL = "/conversations?notice=customer-erased";

const normalized = (value: string) => value.replace(/[\s\-()]/g, "").replace(/^\+/, "");

export function EraseCustomer({ contactId, address, customerName }: { contactId: string; address: string; customerName: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [state, action, isPending] = useActionState(async (previous: EraseState, formData: FormData) => {
    const result = await eraseCustomerAction(previous, formData);
    // A full load, so nothing of the customer stays in this tab's memory (live-update history).
    // Here rather than in an effect: the erasure's own live update may already have re-rendered
    // the thread as "not found", taking this form with it.
    if (result.isErased) window.location.replace(ERASED_URL);
    return result;
  }, {});
  const isConfirmed = normalized(typed) !== "" && normalized(typed) === normalized(address);
  return (
    <>
      <Button type="button" variant="danger" onClick={() => dialog.current?.showModal()}>
        Erase customer…
      </Button>
      <dialog ref={dialog} aria-labelledby="erase-customer-title" className="m-auto w-full max-w-md rounded-xl border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40">
        <form action={action} className="flex flex-col gap-4 p-6">
          <h2 id="erase-customer-title" className="text-lg font-semibold">
            Erase {customerName}?
          </h2>
          <p className="text-sm text-slate-700">
            Every conversation, message and media file of this customer, with their webhook-log entries, is removed for good. This cannot be undone. The
            audit trail keeps only that you erased a customer, and when.
          </p>
          <input type="hidden" name="contactId" value={contactId} />
          <div className="flex flex-col gap-1">
            <label htmlFor="erase-customer-confirm" className="text-sm font-medium">
              Type <span className="font-mono">{address}</span> to confirm
            </label>
            <input
              id="erase-customer-confirm"
              name="confirmAddress"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              className="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
            />
          </div>
          <FormMessage state={state} />
          {state.isErased ? (
            <a href={ERASED_URL} className="text-sm text-indigo-700 underline">
              Back to the inbox
            </a>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={isPending || !isConfirmed}>
              {isPending ? "Erasing…" : "Erase for good"}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
