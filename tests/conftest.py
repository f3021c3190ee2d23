pytest_plugins = ["tests.support.synapse_fixture", "tests.support.botapi"]
