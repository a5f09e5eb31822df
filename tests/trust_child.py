"""A child process that changes a station's trust in a loop; test_trust_journal.py kills it with SIGKILL.

    trust_child.py DATA_DIR BUNDLE_FOLDER ROOT_B.pem

Imports the bundles of BUNDLE_FOLDER (``NNNN.dltrust``) in order, skipping any the station already
has, and between two imports removes and installs again the second authority's root.  Prints
"ready" once it is loaded (the parent's delay starts there), then one line per change made.
"""

import sys
from pathlib import Path

from verifier_app.dl1 import certs
from verifier_app.errors import BundleRejected
from verifier_app.station.trust.store import StationStore


def main() -> None:
    data_dir, folder, root_b = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]).read_bytes()
    bundles = [p.read_bytes() for p in sorted(folder.glob("*.dltrust"))]
    store = StationStore(data_dir)
    fp_b = certs.fingerprint(certs.load_certificate(root_b))
    print("ready", flush=True)
    for data in bundles:
        try:
            store.import_bundle(data, operator="child")
            print("imported", flush=True)
        except BundleRejected:
            continue  # imported by an earlier child
        if store.preview_root(root_b).already_installed:
            store.remove_root(fp_b, operator="child")
        store.install_root(root_b, operator="child")
        print("root changed", flush=True)


if __name__ == "__main__":
    main()
