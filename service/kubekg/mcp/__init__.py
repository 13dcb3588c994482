"""The MCP interface: kubekg's tools, resources and prompts for chatbots (stdio and streamable HTTP).

- ``server``: the MCP server over a shared service state (``ask``, ``search``, ``sparql``, ``describe`` …);
- ``tool_schemas``: the same tools as JSON schemas for function-calling clients (``kubekg tools``).

An interface: it may use every layer below and the HTTP layer's shared service state; it holds no
logic another interface needs.
"""
