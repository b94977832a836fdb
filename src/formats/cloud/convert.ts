// Cloud JSON of either cloud, any mix of responses, into one inventory document.
import { type InventoryDocument, toDocument } from "../../model/inventory-document";
import { convertAlibaba, isAlibabaResponse } from "./alibaba-inventory";
import { convertAws, isAwsResponse } from "./aws-inventory";
import { newConversion } from "./cloud-json";
import { ALIBABA_SHAPES, AWS_SHAPES, checkResponse, ResponseShapeError, type SeenIds } from "./response-shape";

export class CloudJsonError extends Error {}

export { ResponseShapeError };

/** `inputs` are the parsed responses with a name each (for messages). */
export function convertCloudJson(inputs: { name: string; json: unknown }[]): { document: InventoryDocument; notes: string[] } {
  const aws = [],
    alibaba = [];
  const seenAws: SeenIds = new Map(),
    seenAlibaba: SeenIds = new Map();
  for (const { name, json } of inputs) {
    const doc = json as Record<string, unknown>;
    // Each response's shape is checked first: the converters read only what it allows.
    const shaped = (shapes: Parameters<typeof checkResponse>[2], seen: SeenIds) => {
      try {
        checkResponse(name, doc, shapes, seen);
      } catch (e) {
        if (e instanceof ResponseShapeError) throw new CloudJsonError(e.message);
        throw e;
      }
      return doc;
    };
    if (doc === null || typeof doc !== "object" || Array.isArray(doc))
      throw new CloudJsonError(
        `${name}: expected a JSON object (a cloud API response), ` +
          `found ${Array.isArray(doc) ? "a list" : doc === null ? "null" : typeof doc}`,
      );
    if (isAwsResponse(doc)) aws.push(shaped(AWS_SHAPES, seenAws));
    else if (isAlibabaResponse(doc)) alibaba.push(shaped(ALIBABA_SHAPES, seenAlibaba));
    else
      throw new CloudJsonError(
        `${name}: not a response FlowLens reads (AWS describe-vpcs, describe-subnets, ` +
          `describe-network-interfaces, describe-security-groups, describe-network-acls; Alibaba DescribeVpcs, ` +
          `DescribeVSwitches, DescribeNetworkInterfaces, DescribeSecurityGroupAttribute)`,
      );
  }
  const c = newConversion();
  convertAws(aws, c);
  convertAlibaba(alibaba, c);
  return { document: toDocument(c.inventory), notes: c.notes };
}
