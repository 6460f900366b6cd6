// Sample customer media for the demo and the browser tests, generated on the spot: PNG photos,
// a WAV voice note, a PDF, and (where Chromium is installed) a WebM video recorded from a canvas.
import { existsSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A photo-like PNG: a diagonal gradient in the given hue with a darker "box" in the middle. */
export function samplePng(width: number, height: number, hue: [number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const shade = 0.55 + 0.45 * ((x + y) / (width + height));
      const inBox = x > width * 0.3 && x < width * 0.7 && y > height * 0.35 && y < height * 0.75;
      const factor = inBox ? shade * 0.45 : shade;
      row[1 + x * 3] = Math.round(hue[0] * factor);
      row[2 + x * 3] = Math.round(hue[1] * factor);
      row[3 + x * 3] = Math.round(hue[2] * factor);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.concat(rows))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A short "voice note": a gliding tone as 16-bit mono PCM WAV. */
export function sampleWav(seconds = 3, sampleRate = 16_000): Buffer {
  const samples = Math.floor(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index++) {
    const t = index / sampleRate;
    const frequency = 220 + 220 * (t / seconds);
    const envelope = Math.min(1, t * 4, (seconds - t) * 4);
    data.writeInt16LE(Math.round(Math.sin(2 * Math.PI * frequency * t) * 9000 * envelope), index * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A one-page PDF with a few lines of text (a receipt). */
export function samplePdf(lines: string[]): Buffer {
  const escape = (text: string) => text.replace(/[\\()]/g, (char) => `\\${char}`);
  const stream = ["BT /F1 14 Tf 72 760 Td 18 TL", ...lines.map((line) => `(${escape(line)}) '`), "ET"].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

const RECORD_CANVAS = `async (durationMs) => {
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext("2d");
  const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: "video/webm;codecs=vp8", videoBitsPerSecond: 400000 });
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const started = performance.now();
  const draw = () => {
    const t = (performance.now() - started) / durationMs;
    context.fillStyle = "#1e293b";
    context.fillRect(0, 0, 320, 240);
    context.fillStyle = "#f59e0b";
    context.fillRect(20 + t * 220, 90, 80, 60);
    context.fillStyle = "#fff";
    context.font = "20px sans-serif";
    context.fillText("Parcel " + ((t * durationMs) / 1000).toFixed(1) + " s", 20, 40);
    if (t < 1) requestAnimationFrame(draw);
  };
  recorder.start(250);
  draw();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  await new Promise((resolve) => { recorder.onstop = resolve; recorder.stop(); });
  const bytes = new Uint8Array(await new Blob(chunks, { type: "video/webm" }).arrayBuffer());
  let binary = "";
  for (let index = 0; index < bytes.length; index++) binary += String.fromCharCode(bytes[index]);
  return btoa(binary);
}`;

/**
 * A short WebM video, recorded in headless Chromium from an animated canvas (no video encoder is
 * available in Node). Null when Chromium is not installed.
 */
export async function sampleWebm(seconds = 3, chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"): Promise<Buffer | null> {
  if (!existsSync(chromiumPath)) return null;
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const page = await browser.newPage();
    // Passed as text: the script runs in the page, and tooling must not rewrite it.
    const base64 = (await page.evaluate(`(${RECORD_CANVAS})(${seconds * 1000})`)) as string;
    return Buffer.from(base64, "base64");
  } finally {
    await browser.close();
  }
}
