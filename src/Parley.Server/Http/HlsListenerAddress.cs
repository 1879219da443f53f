using System.Net;

namespace Parley.Server.Http;

/// <summary>Where the HTTP (HLS) endpoint really listens; set once the host has started.</summary>
internal sealed class HlsListenerAddress
{
    private IPEndPoint? _endpoint;

    /// <summary>Null when the server has no HTTP endpoint (HttpPort -1) or has not started yet.</summary>
    public IPEndPoint? Endpoint
    {
        get => Volatile.Read(ref _endpoint);
        set => Volatile.Write(ref _endpoint, value);
    }

    /// <summary>"https" when the endpoint speaks TLS (a configured certificate), else "http".</summary>
    public string Scheme { get; set; } = "http";
}
