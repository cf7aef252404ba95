namespace UcStack.Client;

/// <summary>The server does not offer something the client asked for (the message says what, and how the server
/// answered). The demo reports these as "not available in this server" failures.</summary>
internal sealed class FeatureUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FeatureUnavailableException()
        : base("not available in this server")
    {
    }

    /// <summary>Creates the exception for a feature.</summary>
    /// <param name="message">What is missing and what the server said.</param>
    public FeatureUnavailableException(string message)
        : base("not available in this server: " + message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public FeatureUnavailableException(string message, Exception innerException)
        : base("not available in this server: " + message, innerException)
    {
    }
}
