import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The first-boot script of a NAT instance on Amazon Linux 2023: the commands of AWS's NAT AMI guide
 * (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html#create-nat-ami), made to
 * survive what breaks CDK's default script on a first boot:
 *
 * - `dnf install` is retried: cloud-init's own package run holds the dnf lock during the first boot,
 *   and a single `yum install` then fails now and then (aws/aws-cdk#36717), leaving the private
 *   subnets with no egress at all;
 * - a small swap file first: dnf beside the SSM agent's self-update can run a 512 MiB `t4g.nano` out
 *   of memory;
 * - the interface comes from `ip route` (iproute2 is part of the minimal AMI; `route` is not);
 * - the rules are saved with `iptables-save` to the file the `iptables` service restores at boot
 *   (`service iptables save` needs initscripts, absent on AL2023), so a recovered or rebooted
 *   instance (the EC2 recover alarm) forwards again.
 *
 * Each step logs to the console (`/var/log/cloud-init-output.log`, or "Get system log").
 */
export function natInstanceUserData(): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -u',
    'if [ ! -f /swapfile ]; then',
    '  dd if=/dev/zero of=/swapfile bs=1M count=512 && chmod 600 /swapfile && mkswap /swapfile && swapon /swapfile',
    'fi',
    'installed=no',
    'for attempt in $(seq 1 20); do',
    '  if dnf install -y iptables-services; then installed=yes; break; fi',
    '  echo "nat: dnf install failed (attempt $attempt), retrying in 15 s"',
    '  sleep 15',
    'done',
    'if [ "$installed" != yes ]; then echo "nat: iptables-services could not be installed" >&2; exit 1; fi',
    'systemctl enable --now iptables',
    'echo "net.ipv4.ip_forward=1" > /etc/sysctl.d/90-nat-instance.conf',
    'sysctl -p /etc/sysctl.d/90-nat-instance.conf',
    "iface=$(ip route show default | awk '{print $5; exit}')",
    'if [ -z "$iface" ]; then echo "nat: no default route" >&2; exit 1; fi',
    'iptables -t nat -A POSTROUTING -o "$iface" -j MASQUERADE',
    'iptables -F FORWARD',
    'iptables-save > /etc/sysconfig/iptables',
    'swapoff /swapfile && rm -f /swapfile',
    'echo "nat: forwarding through $iface"',
  );
  return userData;
}
