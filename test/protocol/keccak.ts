import { expect } from "chai";
import fc from "fast-check";
import { keccak256, stringToBytes } from "viem";
import { keccak256Bytes, keccak256Utf8 } from "../../offchain/protocol/keccak.js";

// The fast Keccak-256 must agree with viem's (the reference) on every input, or outputHash and
// findingsHash would no longer match what clients and the contract compute.
describe("protocol/keccak", () => {
  it("matches the published Keccak-256 of the empty string", () => {
    expect(keccak256Utf8("")).to.equal(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
  });

  it("matches viem for every length from 0 to 3 blocks (block boundaries at 136 bytes)", () => {
    for (let n = 0; n <= 3 * 136 + 1; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff);
      expect(keccak256Bytes(bytes), `length ${n}`).to.equal(keccak256(bytes));
    }
  });

  it("matches viem on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(keccak256Bytes(bytes)).to.equal(keccak256(bytes));
      }),
    );
  });

  it("hashes a string's UTF-8 like viem, including astral characters and lone surrogates", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        expect(keccak256Utf8(text)).to.equal(keccak256(stringToBytes(text)));
      }),
    );
    expect(keccak256Utf8("h\u00e9llo \ud83d\ude00 \ud800")).to.equal(
      keccak256(stringToBytes("h\u00e9llo \ud83d\ude00 \ud800")),
    );
  });
});
