using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Prekeys;

// PARLEY_* variables are process-wide: this class runs apart from every other, like AdmissionSettingsTests.
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class PrekeySettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-prekey-settings-").FullName;

    [Fact]
    public void Without_settings_the_documented_defaults_apply()
    {
        var o = ParleyServerOptions.Resolve(new Dictionary<string, string?>(), _directory);

        Assert.Equal((100, 25, TimeSpan.FromHours(1)), (o.MaxOneTimePrekeys, o.PrekeyRefillBelow, o.OneTimePrekeyPerFetcherInterval));
    }

    [Fact]
    public void Every_key_is_bound_from_overrides_and_the_environment()
    {
        Environment.SetEnvironmentVariable("PARLEY_PREKEYREFILLBELOW", "7");
        try
        {
            var o = ParleyServerOptions.Resolve(
                new Dictionary<string, string?> { ["MaxOneTimePrekeys"] = "40", ["OneTimePrekeyPerFetcherSeconds"] = "0" },
                _directory);

            Assert.Equal((40, 7, TimeSpan.Zero), (o.MaxOneTimePrekeys, o.PrekeyRefillBelow, o.OneTimePrekeyPerFetcherInterval));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PARLEY_PREKEYREFILLBELOW", null);
        }
    }

    [Theory]
    [InlineData("MaxOneTimePrekeys", "0", "MaxOneTimePrekeys")]
    [InlineData("MaxOneTimePrekeys", "many", "MaxOneTimePrekeys")]
    [InlineData("PrekeyRefillBelow", "-1", "PrekeyRefillBelow")]
    [InlineData("PrekeyRefillBelow", "101", "PrekeyRefillBelow")]
    [InlineData("OneTimePrekeyPerFetcherSeconds", "-5", "OneTimePrekeyPerFetcherSeconds")]
    public void A_value_out_of_range_is_refused_naming_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => ParleyServerOptions.Resolve(new Dictionary<string, string?> { [key] = value }, _directory));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => TempDir.DeleteQuietly(_directory);
}
