using System.Net;
using Parley.Media.Videos;

namespace Parley.Server.VideoRequests;

/// <summary>Hands out URLs a player can open for a video; the HTTP (HLS) layer implements it.</summary>
internal interface IVideoUrls
{
    /// <summary>False when this server has no HTTP endpoint to point at.</summary>
    bool IsAvailable { get; }

    /// <param name="viewer">The logged-in name the URL is issued to.</param>
    /// <param name="reachedAt">The local address the viewer's connection arrived on, if known.</param>
    /// <param name="requestedHostName">The host name the viewer's client connected with (TLS SNI), if it sent one: a
    /// certificate names hosts, so the URL uses the same name rather than an address the certificate may not cover.</param>
    (string Url, DateTimeOffset ExpiresAt) Issue(VideoEntry video, string viewer, EndPoint? reachedAt, string? requestedHostName);
}
