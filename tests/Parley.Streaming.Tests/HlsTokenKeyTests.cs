using Microsoft.Extensions.Logging.Abstractions;
using Parley.Server.Http;

namespace Parley.Streaming.Tests;

/// <summary>
/// The URL signing key file: kept while only its owner has access, replaced when group or others
/// have any, and never read whole when it is not key-sized.
/// </summary>
public sealed class HlsTokenKeyTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _data = Directory.CreateTempSubdirectory("parley-token-key-").FullName;

    private string KeyFile => Path.Combine(_data, HlsTokenKey.FileName);

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void A_key_file_only_its_owner_can_use_is_kept_even_if_owner_executable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        var key = Enumerable.Range(1, HlsTokenKey.KeyBytes).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(KeyFile, key);
        File.SetUnixFileMode(KeyFile, OwnerOnly | UnixFileMode.UserExecute);

        Assert.Equal(key, HlsTokenKey.LoadOrCreate(_data, NullLogger.Instance));
        Assert.Equal(key, File.ReadAllBytes(KeyFile));
    }

    [Fact]
    public void A_key_file_the_group_may_write_is_replaced_by_an_owner_only_one()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        var key = new byte[HlsTokenKey.KeyBytes];
        File.WriteAllBytes(KeyFile, key);
        File.SetUnixFileMode(KeyFile, OwnerOnly | UnixFileMode.GroupWrite);

        var loaded = HlsTokenKey.LoadOrCreate(_data, NullLogger.Instance);

        Assert.NotEqual(key, loaded);
        Assert.Equal(loaded, File.ReadAllBytes(KeyFile));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(KeyFile));
    }

    [Fact]
    public void A_key_file_of_gigabytes_is_replaced_without_being_read()
    {
        using (var huge = new FileStream(KeyFile, FileMode.CreateNew))
        {
            huge.SetLength(3L << 30); // sparse: no disk is used, but reading it whole would fail
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(KeyFile, OwnerOnly);
        }

        var loaded = HlsTokenKey.LoadOrCreate(_data, NullLogger.Instance);

        Assert.Equal(HlsTokenKey.KeyBytes, loaded.Length);
        Assert.Equal(loaded, File.ReadAllBytes(KeyFile));
    }
}
