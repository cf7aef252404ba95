namespace UcStack.Srtp;

/// <summary>
/// An SRTP/SRTCP cryptographic context for one direction (RFC 3711 §3.2): use one instance to protect what you
/// send and another to unprotect what you receive. It handles any number of SSRCs up to
/// <see cref="SrtpPolicy.MaxSsrcCount"/>, keeping ROC, highest sequence number and replay windows per SSRC.
/// </summary>
/// <remarks>
/// <para>Packets are transformed in place. Protecting needs room after the packet for the trailer
/// (<see cref="RtpTrailerLength"/> or <see cref="RtcpTrailerLength"/> octets). No method throws because of packet
/// contents: every outcome is an <see cref="SrtpStatus"/>. After a failed unprotect the buffer contents are
/// unspecified and the context's state is unchanged.</para>
/// <para>Threading: a context is not thread-safe. Use it from one thread at a time (one receive loop, one send
/// loop); separate contexts are independent.</para>
/// <para>Allocation: none per packet, except when a new SSRC is first seen (its state) and, with a key derivation
/// rate above 0, when session keys are derived again at an epoch boundary.</para>
/// </remarks>
public sealed partial class SrtpContext : IDisposable
{
    private readonly SrtpSuite _suite;
    private readonly SrtpKeySlot[] _keys;
    private readonly Dictionary<uint, SrtpStreamState> _streams;
    private readonly int _mkiLength;
    private readonly int _replayWindowSize;
    private readonly int _maxSsrcCount;
    private readonly bool _encryptRtp;
    private readonly bool _encryptRtcp;
    private int _activeKey;
    private bool _disposed;

    /// <summary>Creates a context, deriving the session keys of every master key (RFC 3711 §4.3).</summary>
    /// <param name="policy">The policy; its keys are copied, so it may be disposed afterwards.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The policy's master keys were already disposed.</exception>
    public SrtpContext(SrtpPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _suite = policy.Suite;
        _mkiLength = policy.MkiLength;
        _replayWindowSize = policy.ReplayWindowSize;
        _maxSsrcCount = policy.MaxSsrcCount;
        _encryptRtp = policy.EncryptRtp && _suite.Cipher != SrtpCipherKind.Null;
        _encryptRtcp = policy.EncryptRtcp && _suite.Cipher != SrtpCipherKind.Null;
        _streams = new Dictionary<uint, SrtpStreamState>(Math.Min(_maxSsrcCount, 16));
        _keys = new SrtpKeySlot[policy.MasterKeyCount];
        try
        {
            for (var i = 0; i < _keys.Length; i++)
            {
                _keys[i] = new SrtpKeySlot(_suite, policy.GetMasterKey(i), policy.KeyDerivationRate);
            }
        }
        catch
        {
            DisposeKeys();
            throw;
        }
    }

    /// <summary>The suite this context applies.</summary>
    public SrtpSuite Suite => _suite;

    /// <summary>Octets <see cref="ProtectRtp"/> appends: MKI plus the SRTP tag.</summary>
    public int RtpTrailerLength => _mkiLength + _suite.SrtpTagLength;

    /// <summary>Octets <see cref="ProtectRtcp"/> appends: the E flag and SRTCP index word, MKI and the SRTCP tag.</summary>
    public int RtcpTrailerLength => 4 + _mkiLength + _suite.SrtcpTagLength;

    /// <summary>Number of SSRCs the context currently keeps state for.</summary>
    public int SsrcCount => _streams.Count;

    /// <summary>Index in <see cref="SrtpPolicy.MasterKeys"/> of the master key used for protecting.</summary>
    public int ActiveMasterKeyIndex => _activeKey;

    /// <summary>Zeroes the master keys and session keys and forgets all SSRC state.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DisposeKeys();
        _streams.Clear();
    }

    /// <summary>Makes every master key's session keys the given ones (RFC 7714 vectors give session keys).</summary>
    internal void UseFixedSessionKeys(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey)
    {
        foreach (var slot in _keys)
        {
            slot.Rtp.UseFixedSessionKeys(encryptionKey, salt, authKey);
            slot.Rtcp.UseFixedSessionKeys(encryptionKey, salt, authKey);
        }
    }

    /// <summary>Sets the SRTCP index the next protected packet of <paramref name="ssrc"/> gets (tests and vectors).</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index) => GetOrAddStream(ssrc)!.NextRtcpIndex = index;

    /// <summary>Forgets the replay and index state of every SSRC without allocating (benchmarks replay fixed packets).</summary>
    internal void ResetStreamState()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Reset();
        }
    }

    /// <summary>
    /// Picks the master key for protecting: the active one, or the next one still within its lifetime.
    /// RFC 3711 §9.2: a key past its lifetime must not be used.
    /// </summary>
    private SrtpKeySlot? SelectProtectKey(bool rtcp)
    {
        for (var i = _activeKey; i < _keys.Length; i++)
        {
            var slot = _keys[i];
            if (rtcp ? slot.CanProcessRtcp : slot.CanProcessRtp)
            {
                _activeKey = i;
                return slot;
            }
        }

        return null;
    }

    /// <summary>RFC 3711 §3.3 step 3: with an MKI, the packet's MKI selects the master key.</summary>
    private SrtpKeySlot? SelectUnprotectKey(ReadOnlySpan<byte> mki)
    {
        if (_mkiLength == 0)
        {
            return _keys[0];
        }

        foreach (var slot in _keys)
        {
            if (mki.SequenceEqual(slot.Mki))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>Finds the SSRC's state, creating it if the SSRC bound allows; null when the bound is reached.</summary>
    private SrtpStreamState? GetOrAddStream(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out var stream))
        {
            return stream;
        }

        if (_streams.Count >= _maxSsrcCount)
        {
            return null;
        }

        stream = new SrtpStreamState(_replayWindowSize);
        _streams.Add(ssrc, stream);
        return stream;
    }

    private void DisposeKeys()
    {
        foreach (var slot in _keys)
        {
            slot?.Dispose();
        }
    }
}
