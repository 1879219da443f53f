namespace Parley.Bench.Relay;

/// <summary>The envelope a Parley sender seals its text into (docs/sessions.md §13: format 1 or 2).</summary>
internal enum RelayEnvelope
{
    /// <summary>Format 2: a message of a running forward-secret session, what clients send to other names (~325 bytes for 256 bytes of text).</summary>
    Session,

    /// <summary>Format 1: RSA-OAEP-wrapped key and RSA-PSS signature (1,197 bytes for 256 bytes of text).</summary>
    Rsa,
}
