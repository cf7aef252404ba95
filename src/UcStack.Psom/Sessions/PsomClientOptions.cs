using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>Settings of a <see cref="PsomClient"/>.</summary>
public sealed record PsomClientOptions
{
    /// <summary>The conference to join. Required.</summary>
    public required string ConferenceId { get; init; }

    /// <summary>The user (as in the admission token). Required.</summary>
    public required string User { get; init; }

    /// <summary>The role (as in the admission token). Required.</summary>
    public required PsomRole Role { get; init; }

    /// <summary>The admission token from the focus. Required.</summary>
    public required ReadOnlyMemory<byte> Token { get; init; }

    /// <summary>Protocol versions offered, most preferred first. Default: [1].</summary>
    public ImmutableArray<int> Versions { get; init; } = [1];

    /// <summary>Name sent in Hello for the server's logs.</summary>
    public string ClientName { get; init; } = "UcStack.Psom";

    /// <summary>How long a request (Hello, Subscribe, Create, Update, Delete) waits for its answer. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Keep-alive ping interval. Default 30 s.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Nothing received for this long closes the session. Default 90 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Largest frame accepted and sent. Default 1 MiB.</summary>
    public int MaxFrameLength { get; init; } = PsomWireLimits.DefaultMaxFrameLength;

    /// <summary>Frames queued before the session is considered stuck and dropped. Default 1024.</summary>
    public int SendQueueCapacity { get; init; } = 1024;

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
