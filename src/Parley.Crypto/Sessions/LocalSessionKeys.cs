namespace Parley.Crypto.Sessions;

/// <summary>
/// An in-memory <see cref="ILocalSessionKeys"/>: makes and signs a client's session keys and answers the
/// agreement's look-ups. The SQLite store of the next session holds the same things (private keys as
/// their 32-byte scalars and 64-byte ML-KEM seeds) and can be checked against this one.
/// </summary>
public sealed class LocalSessionKeys : ILocalSessionKeys, IDisposable
{
    private readonly Identity _owner;
    private readonly ISessionEntropy _entropy;
    private readonly Dictionary<uint, (P256KeyPair Key, SignedPublicKey Public)> _signedPrekeys = [];
    private readonly Dictionary<uint, P256KeyPair> _oneTimePrekeys = [];
    private readonly Dictionary<uint, (MlKem768 Key, SignedPublicKey Public)> _postQuantumPrekeys = [];
    private uint _nextSignedPrekeyId = 1;
    private uint _nextOneTimePrekeyId = 1;
    private uint _nextPostQuantumPrekeyId = 1;

    private LocalSessionKeys(Identity owner, ISessionEntropy entropy, DateTimeOffset now)
    {
        _owner = owner;
        _entropy = entropy;
        IdentityAgreementKey = P256KeyPair.Generate(entropy);
        SignedIdentityAgreementKey = SignedPublicKey.Create(owner, PrekeyKind.IdentityAgreement, 0, now, IdentityAgreementKey.PublicKey);
        RotateSignedPrekey(now);
        RotatePostQuantumPrekey(now);
    }

    public byte[] OwnerKeyId => _owner.PublicKey.KeyId;

    public P256KeyPair IdentityAgreementKey { get; }

    public SignedPublicKey SignedIdentityAgreementKey { get; }

    public SignedPublicKey CurrentSignedPrekey { get; private set; } = null!;

    public SignedPublicKey CurrentPostQuantumPrekey { get; private set; } = null!;

    public int OneTimePrekeyCount => _oneTimePrekeys.Count;

    /// <summary>A new identity agreement key, signed prekey and post-quantum prekey for <paramref name="owner"/>.</summary>
    public static LocalSessionKeys Create(Identity owner, DateTimeOffset now, ISessionEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(entropy);
        return new LocalSessionKeys(owner, entropy, now);
    }

    /// <summary>A new current signed prekey. Earlier ones stay until <see cref="ForgetSignedPrekey"/>, so first messages in flight still open.</summary>
    public SignedPublicKey RotateSignedPrekey(DateTimeOffset now)
    {
        var key = P256KeyPair.Generate(_entropy);
        var signed = SignedPublicKey.Create(_owner, PrekeyKind.SignedPrekey, _nextSignedPrekeyId++, now, key.PublicKey);
        _signedPrekeys[signed.Id] = (key, signed);
        return CurrentSignedPrekey = signed;
    }

    public SignedPublicKey RotatePostQuantumPrekey(DateTimeOffset now)
    {
        var key = MlKem768.Generate(_entropy);
        var signed = SignedPublicKey.Create(_owner, PrekeyKind.PostQuantumPrekey, _nextPostQuantumPrekeyId++, now, key.PublicKey);
        _postQuantumPrekeys[signed.Id] = (key, signed);
        return CurrentPostQuantumPrekey = signed;
    }

    public void ForgetSignedPrekey(uint id)
    {
        if (id != CurrentSignedPrekey.Id && _signedPrekeys.Remove(id, out var old))
        {
            old.Key.Dispose();
        }
    }

    /// <summary>Makes <paramref name="count"/> one-time prekeys and returns their public halves for upload.</summary>
    public IReadOnlyList<OneTimePrekey> AddOneTimePrekeys(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var added = new List<OneTimePrekey>(count);
        for (var i = 0; i < count; i++)
        {
            var key = P256KeyPair.Generate(_entropy);
            var id = _nextOneTimePrekeyId++;
            _oneTimePrekeys[id] = key;
            added.Add(new OneTimePrekey(id, key.PublicKey));
        }

        return added;
    }

    /// <summary>Deletes a one-time prekey once an agreement used it (<see cref="ResponderAgreement.UsedOneTimePrekeyId"/>).</summary>
    public bool RemoveOneTimePrekey(uint id)
    {
        if (!_oneTimePrekeys.Remove(id, out var key))
        {
            return false;
        }

        key.Dispose();
        return true;
    }

    /// <summary>The bundle the server would hand out, with <paramref name="oneTimePrekey"/> (one of <see cref="AddOneTimePrekeys"/>'s) or none.</summary>
    public PrekeyBundle Bundle(OneTimePrekey? oneTimePrekey) =>
        new(OwnerKeyId, SignedIdentityAgreementKey, CurrentSignedPrekey, CurrentPostQuantumPrekey, oneTimePrekey);

    public P256KeyPair? FindSignedPrekey(uint id) => _signedPrekeys.TryGetValue(id, out var entry) ? entry.Key : null;

    public P256KeyPair? FindOneTimePrekey(uint id) => _oneTimePrekeys.GetValueOrDefault(id);

    public MlKem768? FindPostQuantumPrekey(uint id) => _postQuantumPrekeys.TryGetValue(id, out var entry) ? entry.Key : null;

    public void Dispose()
    {
        IdentityAgreementKey.Dispose();
        foreach (var (key, _) in _signedPrekeys.Values)
        {
            key.Dispose();
        }

        foreach (var key in _oneTimePrekeys.Values)
        {
            key.Dispose();
        }
    }
}
