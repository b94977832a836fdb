// The shape of each cloud response FlowLens reads, checked before anything is converted
// (docs/history.md #10): malformed JSON once surfaced as JavaScript's own errors ("Cannot read
// properties of null (reading 'CidrBlock')", "az.replace is not a function"). Each
// problem names the file, the JSON path and what was expected. Only the keys the
// converters read are described, so the walk never goes deeper than these shapes (a
// deep tag elsewhere is never visited), and two entities of one kind with one id are
// refused, naming both places, rather than merged with a CIDR lost.
// Field names follow the API references: AWS EC2 Describe* (VpcId, SubnetId, …) and
// Alibaba Cloud VPC/ECS Describe* (Vpcs.Vpc[], VSwitches.VSwitch[], …).

type Scalar = "string" | "number" | "boolean" | "text"; // text: a string or a number (Alibaba's Priority, OwnerId)
type Shape = Scalar | { list: Shape } | { fields: Record<string, Shape>; required?: string[]; id?: { kind: string; key: string } };

const obj = (fields: Record<string, Shape>, required: string[] = [], id?: { kind: string; key: string }): Shape => ({
  fields,
  required,
  ...(id ? { id } : {}),
});
const list = (of: Shape): Shape => ({ list: of });
const tags = list(obj({ Key: "string", Value: "string" }));

const awsPermission = obj({
  IpProtocol: "string",
  FromPort: "number",
  ToPort: "number",
  IpRanges: list(obj({ CidrIp: "string", Description: "string" })),
  Ipv6Ranges: list(obj({ CidrIpv6: "string", Description: "string" })),
  UserIdGroupPairs: list(obj({})),
  PrefixListIds: list(obj({})),
});

/** Top-level keys of AWS responses and the shape of their elements. */
export const AWS_SHAPES: Record<string, Shape> = {
  Vpcs: list(
    obj(
      {
        VpcId: "string",
        CidrBlock: "string",
        OwnerId: "string",
        Tags: tags,
        CidrBlockAssociationSet: list(obj({ CidrBlock: "string" })),
        Ipv6CidrBlockAssociationSet: list(obj({ Ipv6CidrBlock: "string" })),
      },
      ["VpcId"],
      { kind: "VPC", key: "VpcId" },
    ),
  ),
  Subnets: list(
    obj(
      {
        SubnetId: "string",
        VpcId: "string",
        AvailabilityZone: "string",
        CidrBlock: "string",
        Tags: tags,
        Ipv6CidrBlockAssociationSet: list(obj({ Ipv6CidrBlock: "string" })),
      },
      ["SubnetId", "VpcId", "CidrBlock"],
      { kind: "subnet", key: "SubnetId" },
    ),
  ),
  SecurityGroups: list(
    obj(
      {
        GroupId: "string",
        VpcId: "string",
        GroupName: "string",
        IpPermissions: list(awsPermission),
        IpPermissionsEgress: list(awsPermission),
      },
      ["GroupId"],
      { kind: "security group", key: "GroupId" },
    ),
  ),
  NetworkAcls: list(
    obj(
      {
        NetworkAclId: "string",
        VpcId: "string",
        Tags: tags,
        Associations: list(obj({ SubnetId: "string" })),
        Entries: list(
          obj({
            Protocol: "string",
            CidrBlock: "string",
            Ipv6CidrBlock: "string",
            Egress: "boolean",
            RuleNumber: "number",
            RuleAction: "string",
            PortRange: obj({ From: "number", To: "number" }),
          }),
        ),
      },
      ["NetworkAclId"],
      { kind: "network ACL", key: "NetworkAclId" },
    ),
  ),
  NetworkInterfaces: list(
    obj(
      {
        NetworkInterfaceId: "string",
        SubnetId: "string",
        VpcId: "string",
        AvailabilityZone: "string",
        PrivateIpAddress: "string",
        Description: "string",
        PrivateIpAddresses: list(obj({ PrivateIpAddress: "string", Primary: "boolean" })),
        Ipv6Addresses: list(obj({ Ipv6Address: "string" })),
        Attachment: obj({ InstanceId: "string" }),
        Groups: list(obj({ GroupId: "string" })),
      },
      ["NetworkInterfaceId", "SubnetId"],
      { kind: "network interface", key: "NetworkInterfaceId" },
    ),
  ),
};

/** Top-level keys of Alibaba responses; a security group's attributes stand at the top. */
export const ALIBABA_SHAPES: Record<string, Shape> = {
  Vpcs: obj({
    Vpc: list(
      obj(
        {
          VpcId: "string",
          RegionId: "string",
          OwnerId: "text",
          VpcName: "string",
          CidrBlock: "string",
          Ipv6CidrBlock: "string",
          SecondaryCidrBlocks: obj({ SecondaryCidrBlock: list("string") }),
        },
        ["VpcId", "RegionId"],
        { kind: "VPC", key: "VpcId" },
      ),
    ),
  }),
  VSwitches: obj({
    VSwitch: list(
      obj(
        {
          VSwitchId: "string",
          VpcId: "string",
          VSwitchName: "string",
          ZoneId: "string",
          CidrBlock: "string",
          Ipv6CidrBlock: "string",
          NetworkAclId: "string",
        },
        ["VSwitchId", "VpcId", "CidrBlock"],
        { kind: "VSwitch", key: "VSwitchId" },
      ),
    ),
  }),
  NetworkInterfaceSets: obj({
    NetworkInterfaceSet: list(
      obj(
        {
          NetworkInterfaceId: "string",
          VSwitchId: "string",
          InstanceId: "string",
          NetworkInterfaceName: "string",
          PrivateIpAddress: "string",
          PrivateIpSets: obj({ PrivateIpSet: list(obj({ PrivateIpAddress: "string", Primary: "boolean" })) }),
          Ipv6Sets: obj({ Ipv6Set: list(obj({ Ipv6Address: "string" })) }),
          SecurityGroupIds: obj({ SecurityGroupId: list("string") }),
        },
        ["NetworkInterfaceId", "VSwitchId"],
        { kind: "network interface", key: "NetworkInterfaceId" },
      ),
    ),
  }),
  SecurityGroupId: "string",
  VpcId: "string",
  SecurityGroupName: "string",
  Permissions: obj({
    Permission: list(
      obj({
        Direction: "string",
        IpProtocol: "string",
        SourceCidrIp: "string",
        Ipv6SourceCidrIp: "string",
        DestCidrIp: "string",
        Ipv6DestCidrIp: "string",
        PortRange: "string",
        Priority: "text",
        Policy: "string",
        Description: "string",
        SecurityGroupRuleId: "string",
      }),
    ),
  }),
};

export class ResponseShapeError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    message: string,
  ) {
    super(`${file}: ${path}: ${message}`);
    this.name = "ResponseShapeError";
  }
}

const describe = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
const expectedOf = (s: Shape): string =>
  typeof s === "string" ? (s === "text" ? "text or a number" : `a ${s}`) : "list" in s ? "a list" : "an object";

/** Seen ids per kind across every file of one conversion: where each was first. */
export type SeenIds = Map<string, Map<string, string>>;

/** Throws a ResponseShapeError at the first place `doc` differs from `shapes`. */
export function checkResponse(file: string, doc: Record<string, unknown>, shapes: Record<string, Shape>, seen: SeenIds = new Map()): void {
  const walk = (v: unknown, s: Shape, path: string): void => {
    if (typeof s === "string") {
      const ok = s === "text" ? typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) : typeof v === s;
      if (!ok) throw new ResponseShapeError(file, path, `expected ${expectedOf(s)}, found ${describe(v)}`);
      return;
    }
    if ("list" in s) {
      if (!Array.isArray(v)) throw new ResponseShapeError(file, path, `expected a list, found ${describe(v)}`);
      for (const [i, x] of v.entries()) walk(x, s.list, `${path}[${i}]`);
      return;
    }
    if (v === null || typeof v !== "object" || Array.isArray(v))
      throw new ResponseShapeError(file, path, `expected an object, found ${describe(v)}`);
    const o = v as Record<string, unknown>;
    for (const k of s.required ?? [])
      if (!Object.hasOwn(o, k) || o[k] === null) throw new ResponseShapeError(file, `${path}.${k}`, `missing; every element here has one`);
    for (const [k, inner] of Object.entries(s.fields)) if (Object.hasOwn(o, k) && o[k] !== null) walk(o[k], inner, `${path}.${k}`);
    if (s.id) {
      const id = o[s.id.key] as string;
      const ids = seen.get(s.id.kind) ?? new Map<string, string>();
      seen.set(s.id.kind, ids);
      const first = ids.get(id);
      if (first !== undefined)
        throw new ResponseShapeError(
          file,
          path,
          `${s.id.kind} ${id} is described twice (first at ${first}); one id names one ${s.id.kind}`,
        );
      ids.set(id, `${file}: ${path}`);
    }
  };
  for (const [k, s] of Object.entries(shapes)) if (Object.hasOwn(doc, k) && doc[k] !== null) walk(doc[k], s, k);
}
