namespace UcStack.Psom;

/// <summary>Per-connection knobs shared by the server and client sides.</summary>
internal sealed record PsomConnectionSettings
{
    public int MaxFrameLength { get; init; } = PsomWireLimits.DefaultMaxFrameLength;

    public int SendQueueCapacity { get; init; } = 1024;

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
