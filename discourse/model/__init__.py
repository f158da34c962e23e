"""Stage 3: models fitted on the store's units (topics over time with BERTopic, learnable classifiers).

Submodules are imported on use so that ``import discourse.model`` stays cheap:
:mod:`discourse.model.topics` (the BERTopic adapter), :mod:`discourse.model.topics_store`
(the ``fit_topics`` stage function), :mod:`discourse.model.embeddings`,
:mod:`discourse.model.units`, :mod:`discourse.model.topic_tables`,
:mod:`discourse.model.quality` and :mod:`discourse.model.guided`.
"""
