// Against request forgery: the media JWT is only ever sent to a stored URL that is exactly a
// Vonage media address (an allowed origin, path /v3/media/<id>, no user-info, query or fragment).
// Anything else in a payload is forged or foreign and is never fetched.
import { AppError } from "../errors";

const MEDIA_PATH = /^\/v3\/media\/[A-Za-z0-9-]{8,64}$/;

export function checkMediaUrl(stored: string, allowedOrigins: readonly string[]): URL {
  const refuse = (why: string): never => {
    throw new AppError("forbidden", `CareDesk will not fetch this media: ${why}. Its address may be forged.`, { details: { reason: why } });
  };
  let url: URL;
  try {
    url = new URL(stored);
  } catch {
    return refuse("its stored address is not a URL");
  }
  if (url.username || url.password || stored.includes("@")) refuse("its address carries user information");
  if (!allowedOrigins.includes(url.origin)) refuse(`${url.origin} is not one of the media origins (VONAGE_MEDIA_ORIGINS)`);
  if (!MEDIA_PATH.test(url.pathname)) refuse("its path is not /v3/media/<id>");
  if (url.search || url.hash || stored.includes("?") || stored.includes("#")) refuse("its address has a query or fragment");
  return url;
}
