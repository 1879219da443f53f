using Parley.Cli.Hosting;
using Parley.Server;

namespace Parley.Cli.Tests;

public sealed class ServerLimitFlagsTests
{
    [Fact]
    public void Every_admission_limit_flag_reaches_the_server_options()
    {
        var overrides = ServerCommand.Overrides(ServerCommand.Create().Parse(
        [
            "--max-login-frame-bytes", "8192",
            "--frame-timeout", "5",
            "--heartbeat-interval", "10",
            "--idle-timeout", "25",
            "--max-connections", "500",
            "--max-connections-per-address", "7",
            "--max-connections-per-name", "3",
            "--limit-loopback-addresses", "true",
            "--connections-per-address-per-minute", "11",
            "--logins-per-address-per-minute", "12",
            "--requests-per-second", "0",
            "--registrations-per-address-per-hour", "13",
            "--registrations-per-hour", "14",
            "--max-names-per-key", "2",
        ]));

        var o = ParleyServerOptions.Resolve(overrides);

        Assert.Equal(8192, o.MaxLoginFrameBytes);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25)), (o.FrameTimeout, o.HeartbeatInterval, o.IdleTimeout));
        Assert.Equal((500, 7, 3, true), (o.MaxConnections, o.MaxConnectionsPerAddress, o.MaxConnectionsPerName, o.LimitLoopbackAddresses));
        Assert.Equal((11, 12, 0), (o.ConnectionsPerAddressPerMinute, o.LoginsPerAddressPerMinute, o.RequestsPerSecond));
        Assert.Equal((13, 14, 2), (o.RegistrationsPerAddressPerHour, o.RegistrationsPerHour, o.MaxNamesPerKey));
    }

    [Fact]
    public void A_bad_limit_flag_is_refused_naming_its_setting()
    {
        var overrides = ServerCommand.Overrides(ServerCommand.Create().Parse(["--max-names-per-key", "0"]));

        var error = Assert.Throws<ArgumentException>(() => ParleyServerOptions.Resolve(overrides));

        Assert.Contains("MaxNamesPerKey", error.Message, StringComparison.Ordinal);
    }
}
