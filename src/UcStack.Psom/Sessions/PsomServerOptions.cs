using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>Settings of a <see cref="PsomServer"/>. Immutable once the server is built.</summary>
public sealed record PsomServerOptions
{
    /// <summary>The key shared with the conference focus; admission tokens are verified with it. Required.</summary>
    public required PsomAdmissionKey AdmissionKey { get; init; }

    /// <summary>
    /// Where persistent objects go. Use <see cref="PsomFileObjectStore"/> for restart survival; when null the
    /// server keeps them in memory only (<see cref="PsomMemoryObjectStore"/>).
    /// </summary>
    public IPsomObjectStore? Store { get; init; }

    /// <summary>Protocol versions served, in order of preference. Default: [1].</summary>
    public ImmutableArray<int> SupportedVersions { get; init; } = [1];

    /// <summary>Keep-alive ping interval, announced in Welcome. Default 30 s.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A session that sends nothing for this long is dropped. Default 90 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>A connection that has not sent a valid Hello by then is dropped. Default 10 s.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a server → client callback waits for its Result. Default 10 s.</summary>
    public TimeSpan InvokeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest frame accepted and sent, length prefix included. Default and maximum 1 MiB.</summary>
    public int MaxFrameLength { get; init; } = PsomWireLimits.DefaultMaxFrameLength;

    /// <summary>Frames queued per session before the session counts as a slow consumer and is dropped. Default 1024.</summary>
    public int SendQueueCapacity { get; init; } = 1024;

    /// <summary>Per-conference tree limits.</summary>
    public PsomTreeLimits TreeLimits { get; init; } = new();

    /// <summary>Who may do what.</summary>
    public PsomAccessPolicy AccessPolicy { get; init; } = PsomAccessPolicy.Default;

    /// <summary>The clock for tokens, keep-alives and timeouts. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(AdmissionKey);
        if (SupportedVersions.IsDefaultOrEmpty)
        {
            throw new ArgumentException("At least one protocol version must be supported.", nameof(SupportedVersions));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameLength, PsomWireLimits.MinMaxFrameLength, nameof(MaxFrameLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFrameLength, PsomWireLimits.DefaultMaxFrameLength, nameof(MaxFrameLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(SendQueueCapacity, 4, nameof(SendQueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, PingInterval, nameof(IdleTimeout));
    }
}
