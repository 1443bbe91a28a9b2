import { describe, expect, it } from "vitest";
import { reapplyEdits } from "../../src/codemods/edit-merge.js";
import { decodeSource, encodeSource } from "../../src/codemods/source-encoding.js";

describe("decodeSource / encodeSource", () => {
  it("UTF-8 with a byte-order mark: the text has no mark, the bytes get it back", () => {
    const bytes = Buffer.from("\uFEFFconst café = 1;\n", "utf8");
    const decoded = decodeSource(bytes);
    expect(decoded).toEqual({ ok: true, text: "const café = 1;\n", encoding: { charset: "utf-8", bom: true } });
    if (decoded.ok) expect(encodeSource(decoded.text, decoded.encoding)?.equals(bytes)).toBe(true);
  });

  it("bytes that are not UTF-8 are read as Windows-1252 and written back byte for byte, every byte value included", () => {
    const bytes = Buffer.from([...Buffer.from("// "), ...Array.from({ length: 255 }, (_, index) => index + 1), 0x0a]);
    const decoded = decodeSource(bytes);
    expect(decoded.ok && decoded.encoding.charset).toBe("windows-1252");
    if (decoded.ok) {
      for (const character of ["é", "“", "”", "€", "Ÿ"]) expect(decoded.text).toContain(character);
      expect(encodeSource(decoded.text, decoded.encoding)?.equals(bytes)).toBe(true);
    }
  });

  it.each([
    { name: "UTF-16 LE with its mark", bytes: Buffer.from("\uFEFFconst a = 1;\n", "utf16le") },
    { name: "UTF-16 BE with its mark", bytes: Buffer.from("\uFEFFconst a = 1;\n", "utf16le").swap16() },
    { name: "UTF-16 LE without a mark", bytes: Buffer.from("const a = 1;\n", "utf16le") },
    {
      name: "a UTF-8 mark on bytes that are not UTF-8",
      bytes: Buffer.from([0xef, 0xbb, 0xbf, 0x2f, 0x2f, 0xe9, 0x0a]),
    },
  ])("refuses $name with a reason", ({ bytes }) => {
    const decoded = decodeSource(bytes);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason).toMatch(/left alone/);
  });

  it("a character Windows-1252 cannot hold makes the text unwritable in that encoding", () => {
    expect(encodeSource("const arrow = '→';\n", { charset: "windows-1252", bom: false })).toBeUndefined();
    expect(encodeSource("const lone = '\uD800';\n", { charset: "utf-8", bom: false })).toBeUndefined();
  });
});

describe("reapplyEdits", () => {
  it("lines the transform left alone keep their CRLF even when the transform wrote LF everywhere", () => {
    const original = "a\r\nb\r\nc\r\n";
    expect(reapplyEdits(original, "a\nB\nc\n")).toBe("a\r\nB\r\nc\r\n");
  });

  it("only line breaks changed: nothing to write", () => {
    expect(reapplyEdits("a\r\nb\r\n", "a\nb\n")).toBe("a\r\nb\r\n");
  });

  it("in a mixed file, new lines take the break of the line they replace", () => {
    const original = "one\r\ntwo\nthree\r\n";
    expect(reapplyEdits(original, "one\ntwo a\ntwo b\nthree\n")).toBe("one\r\ntwo a\ntwo b\nthree\r\n");
  });

  it("a file without a final line break keeps having none, also when lines are added at its end", () => {
    expect(reapplyEdits("a\r\nb", "a\nb\n\nfunction c() {}\n")).toBe("a\r\nb\r\n\r\nfunction c() {}");
  });

  it("a file with a final line break keeps it when the transform drops it", () => {
    expect(reapplyEdits("a\nb\n", "a\nB")).toBe("a\nB\n");
  });

  it("lines inserted at the very top take the first line's break", () => {
    expect(reapplyEdits("x\r\ny\n", 'import a from "a";\n\nx\ny\n')).toBe('import a from "a";\r\n\r\nx\r\ny\n');
  });
});
