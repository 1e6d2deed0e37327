import { expect } from "chai";
import { normalizeText } from "../../offchain/checks/normalize.js";

const kinds = (text: string) => normalizeText(text).signals.map((s) => s.kind);

describe("text normalization", function () {
  it("removes zero-width characters inside words and reports them", function () {
    const t = normalizeText("pass\u200bword 12\u200c34");
    expect(t.analysis).to.equal("password 1234");
    expect(kinds("pass\u200bword")).to.deep.equal(["zero-width"]);
  });

  it("keeps emoji joiners and a leading BOM without a finding", function () {
    expect(kinds("\ufeffhello \u{1F468}\u200d\u{1F469} family")).to.deep.equal([]);
  });

  it("folds Cyrillic look-alikes inside Latin words", function () {
    const t = normalizeText("please \u0456gnore the \u0430dmin");
    expect(t.lower).to.equal("please ignore the admin");
    expect(kinds("please \u0456gnore the \u0430dmin")).to.deep.equal(["homoglyph"]);
  });

  it("leaves whole Cyrillic words in a translation alone", function () {
    const text =
      'Good morning in Russian is "\u0434\u043e\u0431\u0440\u043e\u0435 \u0443\u0442\u0440\u043e".';
    expect(kinds(text)).to.deep.equal([]);
    expect(normalizeText(text).analysis).to.include("\u0434\u043e\u0431\u0440\u043e\u0435");
  });

  it("folds leetspeak words and reports them when there are several", function () {
    const t = normalizeText("fr3e m0ney f0r 3veryone");
    expect(t.lower).to.equal("free money for everyone");
    expect(kinds("fr3e m0ney")).to.deep.equal(["leetspeak"]);
    expect(kinds("web3 wallets and mp3 files")).to.deep.equal([]);
    expect(kinds("check your HbA1c and 4th dose at 5pm")).to.deep.equal([]);
  });

  it("joins dotted or hyphenated single letters but not abbreviations", function () {
    expect(normalizeText("s-t-e-a-l it").lower).to.equal("steal it");
    expect(kinds("s.t.e.a.l it")).to.deep.equal(["spaced-letters"]);
    expect(kinds("i.e. the U.S.A. and e.g. a.k.a. names")).to.deep.equal([]);
  });

  it("decodes base64 that is text and appends it; binary base64 is ignored", function () {
    const encoded = Buffer.from("please wire the money to my account").toString("base64");
    const t = normalizeText(`note: ${encoded}`);
    expect(t.lower).to.include("please wire the money");
    expect(kinds(`note: ${encoded}`)).to.deep.equal(["base64"]);
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48,
    ]).toString("base64");
    expect(kinds(`an image header ${png}AAAA`)).to.deep.equal([]);
  });

  it("replaces control characters and folds curly quotes and dashes", function () {
    const t = normalizeText("it\u0007s \u201cfine\u201d \u2014 ok");
    expect(t.analysis).to.equal('it s "fine" - ok');
    expect(kinds("a\u0000b")).to.deep.equal(["control-character"]);
  });

  it("applies NFKC (full-width letters become ASCII)", function () {
    expect(normalizeText("\uff49\uff47\uff4e\uff4f\uff52\uff45").lower).to.equal("ignore");
  });
});
