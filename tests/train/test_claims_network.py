"""The claim network's two training objectives and its adversarial step (needs the [train] extra)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from spinscope.train.claims_network import ClaimNetwork  # noqa: E402
from spinscope.train.claims_train import adversarial_step  # noqa: E402
from spinscope.train.encoder_source import locate_encoder  # noqa: E402


@pytest.fixture(scope="module")
def encoder_path():  # type: ignore[no-untyped-def]
    try:
        return locate_encoder(verify=False).path
    except Exception as exc:
        pytest.skip(f"pretrained encoder not installed: {exc}")


def _batch() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    ids = torch.tensor([[101, 2023, 2003, 1037, 6251, 102], [101, 2748, 2509, 102, 0, 0]])
    mask = (ids != 0).long()
    return ids, mask, torch.tensor([1, -1])


@pytest.mark.parametrize("verdict_classes", [False, True])
def test_probability_and_loss(encoder_path, verdict_classes: bool) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    network = ClaimNetwork(encoder_path, verdict_classes=verdict_classes).eval()
    ids, mask, verdicts = _batch()
    logits = network(ids, mask)
    assert logits.shape == ((2, 3) if verdict_classes else (2,))
    p = network.check_worthy_probability(ids, mask)
    assert p.shape == (2,) and bool(((p > 0) & (p < 1)).all())
    expected = torch.softmax(logits, -1)[:, 2] if verdict_classes else torch.sigmoid(logits)
    assert torch.allclose(p, expected)
    assert float(network.loss(logits, verdicts)) > 0


def test_adversarial_step_adds_gradient_and_restores_embeddings(encoder_path) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    network = ClaimNetwork(encoder_path, dropout=0.0, verdict_classes=True)
    embeddings = network.encoder.get_input_embeddings().weight
    before = embeddings.detach().clone()
    ids, mask, verdicts = _batch()
    network.loss(network(ids, mask), verdicts).backward()
    clean = network.classifier.weight.grad.clone()
    adversarial_step(network, embeddings, ids, mask, verdicts, epsilon=1.0)
    assert torch.equal(embeddings.detach(), before)
    assert not torch.allclose(network.classifier.weight.grad, clean)


def test_keeping_the_first_layers_gives_a_shallower_encoder(encoder_path) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    full = ClaimNetwork(encoder_path).eval()
    torch.manual_seed(0)
    small = ClaimNetwork(encoder_path, layers=3).eval()
    assert len(small.encoder.encoder.layer) == 3 and small.encoder.config.num_hidden_layers == 3
    assert len(full.encoder.encoder.layer) == 6
    # the kept layers are the pretrained first three: same weights as the full encoder's
    assert torch.equal(
        small.encoder.encoder.layer[2].output.dense.weight, full.encoder.encoder.layer[2].output.dense.weight
    )
    ids, mask, _ = _batch()
    assert small(ids, mask).shape == (2,)
    with pytest.raises(ValueError, match="has 6 layers"):
        ClaimNetwork(encoder_path, layers=7)


def test_teacher_scores_are_mixed_into_the_binary_target(encoder_path) -> None:  # type: ignore[no-untyped-def]
    network = ClaimNetwork(encoder_path, layers=1)
    logits = torch.tensor([0.3, -1.2])
    verdicts = torch.tensor([1, -1])
    teacher = torch.tensor([0.2, 0.9])
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    mixed = torch.tensor([0.5 * 1 + 0.5 * 0.2, 0.5 * 0 + 0.5 * 0.9])
    assert torch.allclose(network.loss(logits, verdicts, teacher, 0.5), bce(logits, mixed))
    assert torch.allclose(network.loss(logits, verdicts, teacher, 0.0), network.loss(logits, verdicts))
    three = ClaimNetwork(encoder_path, layers=1, verdict_classes=True)
    with pytest.raises(ValueError, match="binary head"):
        three.loss(torch.zeros(2, 3), verdicts, teacher, 0.5)
