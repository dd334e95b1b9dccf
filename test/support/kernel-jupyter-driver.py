"""Drives a kernel with jupyter_client (the reference client) and prints what it saw as JSON.

Usage: python kernel-jupyter-driver.py '<kernel argv as JSON>'
Used by test/integration/kernel-jupyter-client.test.ts as an independent protocol check.
"""
import json
import sys
import time

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec


def main():
    argv = json.loads(sys.argv[1])
    km = KernelManager()
    km._kernel_spec = KernelSpec(argv=argv, display_name="test", language="echo", interrupt_mode="message")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        seen = {}
        outputs = []
        reply = kc.execute_interactive(
            "print hello\ndisplay d 1\nupdate d 2\nvalue",
            output_hook=lambda m: outputs.append([m["msg_type"], m["content"], m["parent_header"].get("msg_id")]),
            timeout=10,
        )
        seen["reply"] = reply["content"]
        seen["request_id"] = reply["parent_header"]["msg_id"]
        seen["outputs"] = outputs
        seen["kernel_info"] = kc.kernel_info(reply=True, timeout=10)["content"]
        seen["comm_info"] = kc.comm_info(reply=True, timeout=10)["content"]
        kc.execute("sleep 20000")
        time.sleep(0.5)
        km.interrupt_kernel()  # interrupt_mode "message": an interrupt_request on control
        seen["interrupted"] = kc.get_shell_msg(timeout=10)["content"]
        km.shutdown_kernel(now=False)
        seen["alive_after_shutdown"] = km.is_alive()
        print(json.dumps(seen))
    finally:
        kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
