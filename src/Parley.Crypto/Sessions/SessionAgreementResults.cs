namespace Parley.Crypto.Sessions;

/// <summary>The initiator's side of a finished agreement: what starts its ratchet and what its first messages carry.</summary>
/// <param name="SharedSecret">SK, 32 bytes: the ratchet's first root key.</param>
/// <param name="AssociatedData">Binds both parties' RSA key ids and identity agreement keys into every message.</param>
/// <param name="RemoteSignedPrekey">The responder's signed prekey: the ratchet's first remote ratchet key.</param>
public sealed record InitiatorAgreement(byte[] SharedSecret, byte[] AssociatedData, InitialHeader Header, byte[] RemoteSignedPrekey);

/// <summary>The responder's side of a finished agreement.</summary>
/// <param name="SignedPrekeyId">The signed prekey used: its private half is the ratchet's first own ratchet key.</param>
/// <param name="UsedOneTimePrekeyId">
/// The one-time prekey used, if any: the store deletes it in the same transaction that saves the new
/// session (once the first message opened), so it never serves a second agreement.
/// </param>
/// <param name="BaseKey">The initiator's ephemeral key: a later first message with the same one belongs to this session.</param>
public sealed record ResponderAgreement(byte[] SharedSecret, byte[] AssociatedData, uint SignedPrekeyId, uint? UsedOneTimePrekeyId, byte[] BaseKey);
