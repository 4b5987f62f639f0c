//! Which network addresses outgoing REST and GraphQL requests may reach. Link-local
//! addresses and the cloud metadata endpoints are refused by default (they hand out
//! the host's credentials); admins add their own denied or allowed ranges. Every
//! address is checked: literal hosts, each DNS answer, and every redirect target.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

use super::ExecError;

/// An address range such as `169.254.0.0/16` or `fd00:ec2::254/128`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    base: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, canonical(ip)) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(base) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(base), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(base) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for IpRange {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let (addr, prefix) = match raw.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (raw, None),
        };
        let base = canonical(
            addr.parse::<IpAddr>()
                .map_err(|_| format!("`{raw}` is not an IP address or range"))?,
        );
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{raw}` has an invalid prefix length"))?,
            None => max,
        };
        Ok(IpRange { base, prefix })
    }
}

/// IPv4-mapped IPv6 (`::ffff:169.254.169.254`) is the IPv4 address in disguise.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// Always refused unless an admin allows them explicitly.
fn built_in_denied() -> [IpRange; 2] {
    [
        IpRange {
            base: IpAddr::V4(Ipv4Addr::new(169, 254, 0, 0)),
            prefix: 16,
        },
        IpRange {
            base: IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)),
            prefix: 128,
        },
    ]
}

/// The admin's lists on top of the built-in ones. Allowed wins over denied, so an
/// admin can open one metadata address on purpose.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    pub denied: Vec<IpRange>,
    pub allowed: Vec<IpRange>,
}

impl AddressPolicy {
    /// Parses comma-separated ranges from the two settings.
    pub fn parse(denied: &str, allowed: &str) -> Result<Self, String> {
        let list = |raw: &str| {
            raw.split(',')
                .filter(|item| !item.trim().is_empty())
                .map(IpRange::from_str)
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(AddressPolicy {
            denied: list(denied)?,
            allowed: list(allowed)?,
        })
    }

    pub fn permits(&self, ip: IpAddr) -> bool {
        if self.allowed.iter().any(|r| r.contains(ip)) {
            return true;
        }
        !(built_in_denied().iter().any(|r| r.contains(ip))
            || self.denied.iter().any(|r| r.contains(ip)))
    }

    pub fn check(&self, ip: IpAddr) -> Result<(), ExecError> {
        if self.permits(ip) {
            Ok(())
        } else {
            Err(ExecError::AddressRefused {
                address: ip.to_string(),
            })
        }
    }

    /// Checks a URL whose host is a literal address; names are checked when resolved.
    pub fn check_url(&self, url: &url::Url) -> Result<(), ExecError> {
        match url.host() {
            Some(url::Host::Ipv4(ip)) => self.check(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => self.check(IpAddr::V6(ip)),
            Some(url::Host::Domain(_)) => Ok(()),
            None => Err(ExecError::InvalidConfig(format!("`{url}` has no host."))),
        }
    }

    /// Keeps the permitted answers of a DNS lookup; refuses the name when none is left.
    pub fn filter_resolved(
        &self,
        host: &str,
        addrs: impl IntoIterator<Item = SocketAddr>,
    ) -> Result<Vec<SocketAddr>, ExecError> {
        let mut refused = None;
        let kept: Vec<SocketAddr> = addrs
            .into_iter()
            .filter(|addr| {
                let ok = self.permits(addr.ip());
                if !ok {
                    refused = Some(addr.ip());
                }
                ok
            })
            .collect();
        match (kept.is_empty(), refused) {
            (true, Some(ip)) => Err(ExecError::AddressRefused {
                address: format!("{host} ({ip})"),
            }),
            _ => Ok(kept),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("test address")
    }

    #[test]
    fn metadata_and_link_local_addresses_are_refused_by_default() {
        let policy = AddressPolicy::default();
        for refused in [
            "169.254.169.254",
            "169.254.0.1",
            "fd00:ec2::254",
            "::ffff:169.254.169.254",
        ] {
            let err = policy.check(ip(refused)).expect_err(refused);
            assert_eq!(err.code(), "ADDRESS_REFUSED", "{refused}");
        }
        for allowed in [
            "127.0.0.1",
            "::1",
            "10.0.0.1",
            "fd00:ec2::253",
            "169.255.0.1",
        ] {
            assert!(policy.permits(ip(allowed)), "{allowed} should be allowed");
        }
    }

    #[test]
    fn a_redirect_to_the_metadata_address_is_refused() {
        let policy = AddressPolicy::default();
        for target in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00:ec2::254]/latest/meta-data/",
        ] {
            let url = url::Url::parse(target).expect("url");
            let err = policy.check_url(&url).expect_err(target);
            assert_eq!(err.code(), "ADDRESS_REFUSED");
        }
    }

    #[test]
    fn a_host_name_resolving_to_the_metadata_address_is_refused() {
        let policy = AddressPolicy::default();
        let answers = [SocketAddr::new(ip("169.254.169.254"), 80)];
        let err = policy
            .filter_resolved("metadata.example", answers)
            .expect_err("refused");
        assert!(err.to_string().contains("169.254.169.254"), "{err}");
        let answers = [SocketAddr::new(ip("fd00:ec2::254"), 80)];
        assert!(policy.filter_resolved("v6.example", answers).is_err());
        // Mixed answers keep only the safe address rather than failing.
        let answers = [
            SocketAddr::new(ip("169.254.169.254"), 80),
            SocketAddr::new(ip("127.0.0.1"), 80),
        ];
        assert_eq!(
            policy
                .filter_resolved("mixed.example", answers)
                .expect("one safe answer"),
            vec![SocketAddr::new(ip("127.0.0.1"), 80)]
        );
    }

    #[test]
    fn admin_lists_deny_and_allow() {
        let policy =
            AddressPolicy::parse("127.0.0.3, 10.0.0.0/8", "169.254.169.254").expect("valid lists");
        assert!(!policy.permits(ip("127.0.0.3")));
        assert!(!policy.permits(ip("10.1.2.3")));
        assert!(policy.permits(ip("127.0.0.1")));
        assert!(policy.permits(ip("169.254.169.254")));
        assert!(!policy.permits(ip("169.254.1.1")));
        assert!(AddressPolicy::parse("not-an-ip", "").is_err());
    }
}
