// A short two-note chime made with the Web Audio API (no sound file to download). Browsers let a
// page play sound once the person has interacted with it; before that the tone is silently skipped.
let context: AudioContext | null = null;

export function playAlertTone() {
  try {
    context ??= new AudioContext();
    void context.resume();
    const start = context.currentTime + 0.01;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(880, start);
    oscillator.frequency.setValueAtTime(1_175, start + 0.12);
    // Soft edges: no click at the start or the end.
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.32);
  } catch {
    // No audio in this browser.
  }
}
