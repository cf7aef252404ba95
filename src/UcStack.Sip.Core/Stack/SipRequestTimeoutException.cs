namespace UcStack.Sip.Stack;

/// <summary>A request got no final response before its transaction timer (B or F) expired. RFC 3261 §8.1.3.1
/// treats this as a 408 (Request Timeout); the stack surfaces it as this exception so it cannot be mistaken for
/// a 408 a server sent.</summary>
public sealed class SipRequestTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public SipRequestTimeoutException() : base("The request timed out (RFC 3261 §8.1.3.1: treated as 408 Request Timeout).") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What timed out.</param>
    public SipRequestTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="innerException">The cause.</param>
    public SipRequestTimeoutException(string message, Exception innerException) : base(message, innerException) { }
}
