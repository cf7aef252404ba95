using UcStack.Stun;

namespace UcStack.Turn.Protocol;

/// <summary>The STUN message types TURN uses (RFC 8656 §18, RFC 6062 §6.1), ready for <see cref="StunMessageWriter"/>.</summary>
public static class TurnMessageTypes
{
    /// <summary>Allocate request (0x0003).</summary>
    public static StunMessageType AllocateRequest => new(StunMessageClass.Request, StunMethod.Allocate);

    /// <summary>Allocate success response (0x0103).</summary>
    public static StunMessageType AllocateSuccess => new(StunMessageClass.SuccessResponse, StunMethod.Allocate);

    /// <summary>Allocate error response (0x0113).</summary>
    public static StunMessageType AllocateError => new(StunMessageClass.ErrorResponse, StunMethod.Allocate);

    /// <summary>Refresh request (0x0004).</summary>
    public static StunMessageType RefreshRequest => new(StunMessageClass.Request, StunMethod.Refresh);

    /// <summary>Refresh success response (0x0104).</summary>
    public static StunMessageType RefreshSuccess => new(StunMessageClass.SuccessResponse, StunMethod.Refresh);

    /// <summary>Refresh error response (0x0114).</summary>
    public static StunMessageType RefreshError => new(StunMessageClass.ErrorResponse, StunMethod.Refresh);

    /// <summary>Send indication (0x0016).</summary>
    public static StunMessageType SendIndication => new(StunMessageClass.Indication, StunMethod.Send);

    /// <summary>Data indication (0x0017).</summary>
    public static StunMessageType DataIndication => new(StunMessageClass.Indication, StunMethod.Data);

    /// <summary>CreatePermission request (0x0008).</summary>
    public static StunMessageType CreatePermissionRequest => new(StunMessageClass.Request, StunMethod.CreatePermission);

    /// <summary>CreatePermission success response (0x0108).</summary>
    public static StunMessageType CreatePermissionSuccess => new(StunMessageClass.SuccessResponse, StunMethod.CreatePermission);

    /// <summary>CreatePermission error response (0x0118).</summary>
    public static StunMessageType CreatePermissionError => new(StunMessageClass.ErrorResponse, StunMethod.CreatePermission);

    /// <summary>ChannelBind request (0x0009).</summary>
    public static StunMessageType ChannelBindRequest => new(StunMessageClass.Request, StunMethod.ChannelBind);

    /// <summary>ChannelBind success response (0x0109).</summary>
    public static StunMessageType ChannelBindSuccess => new(StunMessageClass.SuccessResponse, StunMethod.ChannelBind);

    /// <summary>ChannelBind error response (0x0119).</summary>
    public static StunMessageType ChannelBindError => new(StunMessageClass.ErrorResponse, StunMethod.ChannelBind);

    /// <summary>Connect request (0x000A, RFC 6062 §4.3).</summary>
    public static StunMessageType ConnectRequest => new(StunMessageClass.Request, StunMethod.Connect);

    /// <summary>Connect success response (0x010A).</summary>
    public static StunMessageType ConnectSuccess => new(StunMessageClass.SuccessResponse, StunMethod.Connect);

    /// <summary>Connect error response (0x011A).</summary>
    public static StunMessageType ConnectError => new(StunMessageClass.ErrorResponse, StunMethod.Connect);

    /// <summary>ConnectionBind request (0x000B, RFC 6062 §4.4).</summary>
    public static StunMessageType ConnectionBindRequest => new(StunMessageClass.Request, StunMethod.ConnectionBind);

    /// <summary>ConnectionBind success response (0x010B).</summary>
    public static StunMessageType ConnectionBindSuccess => new(StunMessageClass.SuccessResponse, StunMethod.ConnectionBind);

    /// <summary>ConnectionBind error response (0x011B).</summary>
    public static StunMessageType ConnectionBindError => new(StunMessageClass.ErrorResponse, StunMethod.ConnectionBind);

    /// <summary>ConnectionAttempt indication (0x001C, RFC 6062 §4.5).</summary>
    public static StunMessageType ConnectionAttemptIndication => new(StunMessageClass.Indication, StunMethod.ConnectionAttempt);
}
