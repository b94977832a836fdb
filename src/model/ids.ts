// Ids in each kind's own form (docs/rules.md §1, §2): a prefix and 20 lowercase alphanumerics.
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export const ID_PREFIX = {
  vpc: "vpc-",
  vswitch: "vsw-",
  instance: "i-",
  eni: "eni-",
  securityGroup: "sg-",
  networkAcl: "acl-",
  ccn: "ccn-",
  flowLog: "fl-",
  rule: "rule-",
} as const;

export function newId(kind: keyof typeof ID_PREFIX): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return ID_PREFIX[kind] + s;
}

/** Ids kept from a cloud (sg-bp1…, subnet-0a1…) are any token without spaces or slashes. */
export function isIdLike(id: unknown): id is string {
  return typeof id === "string" && /^[A-Za-z0-9][A-Za-z0-9._*:-]{0,127}$/.test(id);
}
