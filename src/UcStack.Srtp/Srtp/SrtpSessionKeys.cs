using UcStack.Srtp.Crypto;

namespace UcStack.Srtp;

/// <summary>
/// The session keys of one master key for SRTP or for SRTCP. With a key derivation rate of 0 there is one key set,
/// derived once. Above 0, keys belong to an epoch r = index DIV kdr (RFC 3711 §4.3.1), and two sets are kept: the
/// current one and a spare. A packet from another epoch is checked with keys derived into the spare, which
/// becomes current only once that packet authenticated (<see cref="Confirm"/>). So forged packets cannot replace
/// the working keys, and packets reordered across an epoch boundary find the previous keys still there.
/// </summary>
internal sealed class SrtpSessionKeys : IDisposable
{
    private readonly byte[] _masterKey;
    private readonly byte[] _masterSalt;
    private readonly ulong _keyDerivationRate;
    private readonly byte _encryptionLabel;
    private SrtpCipherSet _current;
    private SrtpCipherSet? _spare;
    private bool _fixedKeys;

    /// <summary>Derives the keys for index 0. The master key and salt arrays are the owner's copies: kept, not zeroed here.</summary>
    internal SrtpSessionKeys(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, ulong keyDerivationRate, bool rtcp)
    {
        _masterKey = masterKey;
        _masterSalt = masterSalt;
        _keyDerivationRate = keyDerivationRate;
        _encryptionLabel = rtcp ? SrtpKdf.SrtcpEncryptionKeyLabel : SrtpKdf.SrtpEncryptionKeyLabel;
        _current = new SrtpCipherSet(suite);
        _current.Derive(_masterKey, _masterSalt, _encryptionLabel, 0, _keyDerivationRate);
        if (keyDerivationRate != 0)
        {
            _spare = new SrtpCipherSet(suite);
        }
    }

    /// <summary>The keys for the packet with <paramref name="index"/>: the current set, or the spare derived for its epoch.</summary>
    internal SrtpCipherSet For(ulong index)
    {
        if (_spare is null || _fixedKeys)
        {
            return _current;
        }

        var epoch = index / _keyDerivationRate;
        if (epoch == _current.Epoch)
        {
            return _current;
        }

        if (!_spare.IsKeyed || _spare.Epoch != epoch)
        {
            _spare.Derive(_masterKey, _masterSalt, _encryptionLabel, index, _keyDerivationRate);
        }

        return _spare;
    }

    /// <summary>Called after a packet processed with <paramref name="keys"/> succeeded: a spare set becomes current.</summary>
    internal void Confirm(SrtpCipherSet keys)
    {
        if (ReferenceEquals(keys, _spare))
        {
            (_current, _spare) = (_spare, _current);
        }
    }

    /// <summary>Replaces the keys with given session keys for every epoch (RFC 7714 vectors give session keys).</summary>
    internal void UseFixedSessionKeys(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey)
    {
        _current.SetSessionKeys(encryptionKey, salt, authKey);
        _fixedKeys = true;
    }

    public void Dispose()
    {
        _current.Dispose();
        _spare?.Dispose();
    }
}
