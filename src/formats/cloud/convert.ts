// Cloud JSON of either cloud, any mix of responses, into one inventory document.
import { toDocument, type InventoryDocument } from "../../model/inventory-document";
import { convertAlibaba, isAlibabaResponse } from "./alibaba-inventory";
import { convertAws, isAwsResponse } from "./aws-inventory";
import { newConversion } from "./cloud-json";

export class CloudJsonError extends Error {}

/** `inputs` are the parsed responses with a name each (for messages). */
export function convertCloudJson(inputs: { name: string; json: unknown }[]): { document: InventoryDocument; notes: string[] } {
  const aws = [], alibaba = [];
  for (const { name, json } of inputs) {
    const doc = json as Record<string, unknown>;
    if (isAwsResponse(doc)) aws.push(doc);
    else if (isAlibabaResponse(doc)) alibaba.push(doc);
    else throw new CloudJsonError(`${name}: not a response FlowLens reads (AWS describe-vpcs, describe-subnets, describe-network-interfaces, describe-security-groups, describe-network-acls; Alibaba DescribeVpcs, DescribeVSwitches, DescribeNetworkInterfaces, DescribeSecurityGroupAttribute)`);
  }
  const c = newConversion();
  convertAws(aws, c);
  convertAlibaba(alibaba, c);
  return { document: toDocument(c.inventory), notes: c.notes };
}
