/**
 * How a source file's bytes become the text the transforms edit, and how that text becomes the same
 * bytes again. A codemod may only change what it edits, so a file is taken only when decoding it and
 * encoding the result gives back every byte: UTF-8 (with or without a byte-order mark), else
 * Windows-1252 (the superset of Latin-1 that editors write), whose WHATWG decoder maps each of the
 * 256 byte values to its own character. UTF-16 and anything holding NUL bytes are refused.
 */

export type SourceCharset = "utf-8" | "windows-1252";

export interface SourceEncoding {
  charset: SourceCharset;
  /** The file starts with a UTF-8 byte-order mark, which the text does not contain. */
  bom: boolean;
}

export type DecodedSource = { ok: true; text: string; encoding: SourceEncoding } | { ok: false; reason: string };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/**
 * Windows-1252's characters for bytes 0x80–0x9F (WHATWG's table; its five unassigned bytes map to the
 * C1 control of the same value). Every other byte is the Latin-1 character of the same value. Written
 * out rather than taken from TextDecoder, whose "windows-1252" decodes as plain Latin-1 on some Node versions.
 */
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
const windows1252Characters = Array.from({ length: 256 }, (_, byte) =>
  byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH.charAt(byte - 0x80) : String.fromCharCode(byte),
);
const windows1252Bytes = new Map(windows1252Characters.map((character, byte) => [character, byte]));

/** The table holds all 256 byte values, so any byte of a Uint8Array has its character. */
function windows1252CharacterOf(byte: number): string {
  const character = windows1252Characters[byte];
  if (character === undefined) throw new RangeError(`${String(byte)} is not a byte value`);
  return character;
}

function refusal(reason: string): DecodedSource {
  return {
    ok: false,
    reason: `${reason}; txo-codemod only rewrites files it can write back byte for byte (UTF-8, or Latin-1/Windows-1252), so this file was left alone`,
  };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}

function encodeWindows1252(text: string): Buffer | undefined {
  const bytes = Buffer.alloc(text.length);
  for (let index = 0; index < text.length; index++) {
    const byte = windows1252Bytes.get(text.charAt(index));
    if (byte === undefined) return undefined;
    bytes[index] = byte;
  }
  return bytes;
}

function decodeWindows1252(body: Uint8Array): DecodedSource {
  let text = "";
  for (const byte of body) text += windows1252CharacterOf(byte);
  const again = encodeWindows1252(text);
  if (!again?.equals(body)) return refusal("it is neither valid UTF-8 nor Windows-1252 text");
  return { ok: true, text, encoding: { charset: "windows-1252", bom: false } };
}

/** Decodes a source file's bytes, or says why the file cannot be rewritten safely. */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]))
    return refusal("it is UTF-16 (it starts with a UTF-16 byte-order mark)");
  if (bytes.includes(0)) return refusal("it holds NUL bytes (UTF-16 without a byte-order mark, or not text at all)");
  const bom = startsWith(bytes, [...UTF8_BOM]);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return { ok: true, text: strictUtf8.decode(body), encoding: { charset: "utf-8", bom } };
  } catch {
    return bom ? refusal("it starts with a UTF-8 byte-order mark but is not valid UTF-8") : decodeWindows1252(body);
  }
}

/**
 * Encodes text the way its file was encoded. Returns undefined when the text holds a character the
 * file's encoding cannot represent (a rewrite that added one cannot be written to that file).
 */
export function encodeSource(text: string, encoding: SourceEncoding): Buffer | undefined {
  if (encoding.charset === "windows-1252") return encodeWindows1252(text);
  // A lone surrogate has no UTF-8 form (Node would write U+FFFD in its place).
  if (/\p{Cs}/u.test(text)) return undefined;
  const body = Buffer.from(text, "utf8");
  return encoding.bom ? Buffer.concat([UTF8_BOM, body]) : body;
}

/** The first character of `text` the encoding cannot hold, for the message that refuses the write. */
export function firstUnencodable(text: string, encoding: SourceEncoding): string | undefined {
  if (encoding.charset === "utf-8") return /\p{Cs}/u.exec(text)?.[0];

  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, not graphemes: Windows-1252 encodes code points
  return [...text].find((character) => !windows1252Bytes.has(character));
}
