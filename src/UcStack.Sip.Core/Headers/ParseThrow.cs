using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sip;

/// <summary>The one place the throwing <c>Parse</c> conveniences raise their exception, kept out of stack traces.</summary>
internal static class ParseThrow
{
    [DoesNotReturn]
    [StackTraceHidden]
    internal static T Error<T>(SipParseError error) => throw new SipParseException(error);
}
