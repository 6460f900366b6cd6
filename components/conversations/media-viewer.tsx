"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";

type ViewerImage = { id: string; caption: string | null };
type ViewerContext = { open(id: string): void };

const Context = createContext<ViewerContext>({ open: () => {} });

export function useMediaViewer() {
  return useContext(Context);
}

/**
 * A full-size image viewer over a set of images (a thread's, or a gallery's): arrow keys move
 * between them, Escape closes, focus returns where it was.
 */
export function MediaViewerProvider({ images, children }: { images: ViewerImage[]; children: React.ReactNode }) {
  const [index, setIndex] = useState<number | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const open = useCallback(
    (id: string) => {
      const found = images.findIndex((image) => image.id === id);
      if (found >= 0) setIndex(found);
    },
    [images],
  );
  const value = useMemo(() => ({ open }), [open]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (index !== null && !element.open) element.showModal();
    if (index === null && element.open) element.close();
  }, [index]);

  const move = (step: number) => setIndex((current) => (current === null ? null : (current + step + images.length) % images.length));
  const image = index === null ? null : images[index];
  return (
    <Context.Provider value={value}>
      {children}
      <dialog
        ref={dialog}
        aria-label="Image viewer"
        onClose={() => setIndex(null)}
        onKeyDown={(event) => {
          if (event.key === "ArrowRight") move(1);
          if (event.key === "ArrowLeft") move(-1);
        }}
        className="m-auto h-[95vh] w-[95vw] max-w-none rounded-xl bg-slate-950 p-0 text-white backdrop:bg-black/80"
      >
        {image ? (
          <div className="flex h-full flex-col">
            <div className="flex items-center gap-2 border-b border-white/10 p-3 text-sm">
              <span aria-live="polite">
                Image {index! + 1} of {images.length}
              </span>
              {image.caption ? <span className="truncate text-slate-300">— {image.caption}</span> : null}
              <a href={`/api/media/${image.id}?download=1`} className="ml-auto rounded-md bg-white/10 px-3 py-1.5 hover:bg-white/20">
                Download
              </a>
              <button type="button" onClick={() => setIndex(null)} className="rounded-md bg-white/10 px-3 py-1.5 hover:bg-white/20" autoFocus>
                Close
              </button>
            </div>
            <div className="relative flex flex-1 items-center justify-center overflow-hidden p-4">
              {/* eslint-disable-next-line @next/next/no-img-element -- streamed through the media proxy, not optimisable */}
              <img src={`/api/media/${image.id}`} alt={image.caption ?? `Customer image ${index! + 1}`} className="max-h-full max-w-full object-contain" />
              {images.length > 1 ? (
                <>
                  <button type="button" onClick={() => move(-1)} aria-label="Previous image" className="absolute left-3 rounded-full bg-white/10 px-4 py-3 text-xl hover:bg-white/20">
                    ‹
                  </button>
                  <button type="button" onClick={() => move(1)} aria-label="Next image" className="absolute right-3 rounded-full bg-white/10 px-4 py-3 text-xl hover:bg-white/20">
                    ›
                  </button>
                </>
              ) : null}
            </div>
          </div>
        ) : null}
      </dialog>
    </Context.Provider>
  );
}
