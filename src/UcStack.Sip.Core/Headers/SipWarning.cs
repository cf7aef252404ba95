namespace UcStack.Sip;

/// <summary>One Warning value (RFC 3261 §20.43): <c>warn-code SP warn-agent SP warn-text</c>.</summary>
/// <param name="Code">The three-digit warn-code (for example 399).</param>
/// <param name="Agent">The warn-agent: a hostport or a pseudonym token, as sent.</param>
/// <param name="Text">The warn-text without its quotes and escapes.</param>
public readonly record struct SipWarning(int Code, string Agent, string Text);
