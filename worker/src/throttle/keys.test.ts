import { describe, expect, it } from "vitest";
import { callingCode, ipKey, shardOf } from "./keys";

describe("ipKey", () => {
  it("keeps IPv4 addresses whole", () => {
    expect(ipKey("198.51.100.7")).toBe("ip4:198.51.100.7");
    expect(ipKey("198.51.100.8")).not.toBe(ipKey("198.51.100.7"));
  });

  it("groups IPv6 addresses by /64, in any notation", () => {
    const key = "ip6:2001:db8:1:2::/64";
    expect(ipKey("2001:db8:1:2::1")).toBe(key);
    expect(ipKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(key);
    expect(ipKey("2001:DB8:1:2:aaaa:bbbb:cccc:dddd")).toBe(key);
    expect(ipKey("2001:db8:1:3::1")).not.toBe(key);
    expect(ipKey("::1")).toBe("ip6:0:0:0:0::/64");
    expect(ipKey("fe80::1%eth0")).toBe("ip6:fe80:0:0:0::/64");
  });

  it("counts IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(ipKey("::ffff:198.51.100.7")).toBe("ip4:198.51.100.7");
    expect(ipKey("::ffff:c633:6407")).toBe("ip4:198.51.100.7");
  });

  it("puts anything unparsable in one shared budget", () => {
    for (const bad of [undefined, null, "", "not an ip", "1.2.3.256", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9"]) {
      expect(ipKey(bad)).toBe("ip:unknown");
    }
  });
});

describe("callingCode", () => {
  it("reads the country calling code of an E.164 number", () => {
    expect(callingCode("+14255550100")).toBe("1");
    expect(callingCode("+442079460958")).toBe("44");
    expect(callingCode("+33612345678")).toBe("33");
    expect(callingCode("alice@contoso.com")).toBeNull();
  });
});

describe("shardOf", () => {
  it("is stable and stays within the shards", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const shard = shardOf(`+1425555${String(i).padStart(4, "0")}`, 8);
      expect(shard).toBe(shardOf(`+1425555${String(i).padStart(4, "0")}`, 8));
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(8);
      seen.add(shard);
    }
    expect(seen.size).toBe(8);
  });
});
